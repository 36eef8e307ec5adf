"""A whole corpus in one command: page pairs found, run incrementally on an engine, and versions diffed.

In data-flow order: discover.py (which pages, their ids) → bundle.py (the effective
settings, shipped to workers) → state.py (keys: what changed since the last run) →
engines.py (inline, local worker processes, Ray) running work.py (the per-pair function)
→ beads.py (a pair's rows and counts) → outputs.py and report.py (the pair folders and the
corpus files) — driven by runner.py. diff.py compares two corpus outputs.
"""

# The engines' names, here and not in engines.py: the command line lists them as choices
# without importing the engines (and with them the settings and every stage) at start-up.
ENGINES = ("local", "ray", "inline")
