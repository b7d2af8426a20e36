"""`python -m canvas` is the same as the `netwerk-canvas` command."""
from canvas.cli import main

main()
