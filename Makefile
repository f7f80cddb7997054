# Regenerate the shipped corpus from the profile page copy and the arXiv enrichment file.
# The page was captured in 2026, so dates written without a year ("Apr 19") are 2026.
PYTHON ?= python

corpus/papers.jsonl: corpus/weihong-deng-profile.txt corpus/seed_arxiv.json
	$(PYTHON) -m pubchat import profile corpus/weihong-deng-profile.txt \
		--year 2026 --enrich corpus/seed_arxiv.json -o corpus/papers.jsonl

.PHONY: corpus test
corpus:
	$(PYTHON) -m pubchat import profile corpus/weihong-deng-profile.txt \
		--year 2026 --enrich corpus/seed_arxiv.json -o corpus/papers.jsonl

test:
	$(PYTHON) -m pytest
