# Two commands do everything on a fresh machine (Python >= 3.11, git, make):
#   make lab    set up and open the notebooks in JupyterLab (prints the URL)
#   make test   set up and run the whole test suite (lint included)
#   make class  set up and run a class in one room: the student app and the teacher's live view
#               (options: make class ARGS="--lan --folder my-class")
.PHONY: lab voila test class
lab:
	@scripts/run.sh lab
voila:
	@scripts/run.sh voila
test:
	@scripts/run.sh test
class:
	@scripts/run.sh class $(ARGS)
