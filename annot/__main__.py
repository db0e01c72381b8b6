from annot.cli import main

raise SystemExit(main())
