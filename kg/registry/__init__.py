"""The instrument registry and identity: facts about instruments outside the corpus
(instruments), their checks (check) and import (import_facts), resolution of
citation mentions to instruments (resolve), and finding an instrument from what a
person types (lookup)."""
