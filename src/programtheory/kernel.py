"""The project's Jupyter kernel (see `programtheory.build.kernel`):
`python -m programtheory.kernel` registers it in the virtual environment."""

from .build.kernel import DISPLAY_NAME, KERNEL_NAME, ensure_kernel, kernel_dir

__all__ = ["DISPLAY_NAME", "KERNEL_NAME", "ensure_kernel", "kernel_dir"]

if __name__ == "__main__":
    print(ensure_kernel())
