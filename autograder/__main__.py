import sys

from .cli import main

# The guard matters: forkserver children import the main module under another name.
if __name__ == "__main__":
    sys.exit(main())
