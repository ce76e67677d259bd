from paradiplomacy.cli import main

raise SystemExit(main())
