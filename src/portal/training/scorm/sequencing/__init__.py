"""SCORM 2004 sequencing and navigation, on the server, in pure Python (no Django).

- ``tree_from_manifest(xml)`` reads the activity tree of the default organisation
  (``ManifestSequencingError`` with a Hungarian message when the sequencing cannot be used);
- ``new_state(tree)`` is one learner's untouched tree state (a JSON-able dict);
- ``Engine(tree, state)`` answers navigation requests (``navigate``), takes the content's run-time
  results (``report``) and says what the learner may do next (``toc``, ``can_continue``...).
"""

from .definition import Activity, Tree, tree_from_dict
from .engine import Engine, Outcome, TocEntry, new_state
from .errors import ManifestSequencingError, SequencingException
from .parser import tree_from_manifest, tree_from_root

__all__ = [
    "Activity", "Engine", "ManifestSequencingError", "Outcome", "SequencingException", "TocEntry", "Tree",
    "new_state", "tree_from_dict", "tree_from_manifest", "tree_from_root",
]
