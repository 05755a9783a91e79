"""Every module of the API and the portal imports on its own, first (no import cycle that
only works when something else happened to be imported before: the API mounts the portal
and the portal calls the API's data functions, so these two packages are where one hides).
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import publiccredit

SCRIPT = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "publiccredit" or m.startswith("publiccredit.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:  # report every module, not just the first
        failed.append(f"{name}: {type(error).__name__}: {error}")
print("\\n".join(failed))
"""


def test_every_module_imports_first() -> None:
    names = [
        info.name
        for info in pkgutil.walk_packages(publiccredit.__path__, "publiccredit.")
        if info.name.startswith(("publiccredit.api", "publiccredit.web"))
    ]
    assert len(names) > 50
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *names], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
