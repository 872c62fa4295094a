import sys

from benchnb.cli import main

sys.exit(main())
