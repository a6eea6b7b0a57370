"""Entry point of the bundled app (PyInstaller runs this file; `fieldsales` in a venv runs
``desktop.main:main`` directly)."""

import multiprocessing
import sys

from desktop.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # Windows bundles: a child process must not start the app again
    sys.exit(main())
