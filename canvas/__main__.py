"""`python -m canvas` is the same as the `netwerk-canvas` command."""
from canvas.cli import main

# Guarded: a worker process started with "spawn" imports this module again and must not run.
if __name__ == "__main__":
    main()
