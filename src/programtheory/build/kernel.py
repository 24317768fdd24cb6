"""The project's Jupyter kernel, registered inside the virtual environment.

papermill and JupyterLab look a notebook's kernel up by name; registering `programtheory` in the
venv's prefix means a fresh clone never meets NoSuchKernel and nothing is written to the user's
home folder. `python -m programtheory.kernel` registers it (make setup does this).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KERNEL_NAME = "programtheory"
DISPLAY_NAME = "Python (programtheory)"


def kernel_dir(prefix: str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME


def ensure_kernel(prefix: str | None = None) -> Path:
    """Register the kernel for this interpreter unless a current registration exists."""
    target = kernel_dir(prefix)
    spec_file = target / "kernel.json"
    if spec_file.is_file():
        try:
            spec = json.loads(spec_file.read_text(encoding="utf-8"))
            if spec.get("argv", [None])[0] == sys.executable:
                return target
        except (OSError, ValueError):
            pass
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name=DISPLAY_NAME, prefix=prefix or sys.prefix)
    return target


def kernel_argv(prefix: str | None = None) -> list[str]:
    """The registered kernel's command line (as in its kernel.json)."""
    spec = json.loads((kernel_dir(prefix) / "kernel.json").read_text(encoding="utf-8"))
    return list(spec["argv"])


if __name__ == "__main__":
    print(ensure_kernel())
