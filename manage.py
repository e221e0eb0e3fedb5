#!/usr/bin/env python
from portal.__main__ import main

if __name__ == "__main__":
    main()
