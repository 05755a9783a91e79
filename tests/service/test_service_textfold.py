"""Folding names for search (stored in ``subjects.name_folded``, tested in test_ingest_batch)."""

from __future__ import annotations

from publiccredit.textfold import fold


def test_fold_makes_full_width_and_case_variants_equal() -> None:
    assert fold("ＡＢＣ 科技（深圳）有限公司") == fold("abc科技(深圳)有限公司")
    assert fold("Huawei  Technologies") == "huaweitechnologies"
