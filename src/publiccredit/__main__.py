"""``python -m publiccredit`` runs the same CLI as the ``publiccredit`` script."""

from publiccredit.cli import main

if __name__ == "__main__":
    main()
