"""What search tells the apps above it.

`results_changed` is sent once the answers to some query may have changed: documents were
indexed or removed (search.indexing.process), an index was rebuilt, the synonym
dictionary was edited. The page cache listens and forgets its cached search answers
(gxpt.pagecache.purge_search); search itself imports nothing above it.
"""

from django.dispatch import Signal

results_changed = Signal()
