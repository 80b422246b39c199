# Two commands do everything on a fresh machine (Python >= 3.11, git, make):
#   make lab    set up and open the notebooks in JupyterLab (prints the URL)
#   make test   set up and run the whole test suite (lint included)
.PHONY: lab voila test
lab:
	@scripts/run.sh lab
voila:
	@scripts/run.sh voila
test:
	@scripts/run.sh test
