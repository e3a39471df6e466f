"""Prerequisite graphs (pure): cycle detection and ordering for a DAG of ids.

No ORM here: callers pass the edges they loaded. An edge ``(a, b)`` means
"``b`` is a prerequisite of ``a``" (``a`` depends on ``b``).
"""

import heapq
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable

Edge = tuple[Hashable, Hashable]


def cycle_path(edges: Iterable[Edge], new_edge: Edge) -> list[Hashable] | None:
    """The path that adding ``new_edge`` would close into a cycle, or None.

    Adding ``dependent -> prerequisite`` closes a cycle when ``prerequisite`` already
    (transitively) depends on ``dependent``. The returned path starts and ends at
    ``dependent``, so it can be shown to a person: ``[A, B, C, A]``.
    """
    dependent, prerequisite = new_edge
    if dependent == prerequisite:
        return [dependent, dependent]
    graph: dict[Hashable, list[Hashable]] = defaultdict(list)
    for a, b in edges:
        graph[a].append(b)
    # Breadth-first search from the prerequisite along "depends on" edges.
    parent: dict[Hashable, Hashable | None] = {prerequisite: None}
    queue = deque([prerequisite])
    while queue:
        node = queue.popleft()
        if node == dependent:
            path = [node]
            while parent[path[-1]] is not None:
                path.append(parent[path[-1]])
            return [dependent, *reversed(path)]
        for nxt in graph[node]:
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return None


def topological_order(nodes: Iterable[Hashable], edges: Iterable[Edge]) -> list[Hashable]:
    """Nodes ordered so every prerequisite comes before what depends on it.

    Ties keep the input order of ``nodes`` (stable), so authors' ordering is respected.
    Raises ValueError if the edges contain a cycle.
    """
    order = list(dict.fromkeys(nodes))
    position = {n: i for i, n in enumerate(order)}
    depends_on: dict[Hashable, set[Hashable]] = {n: set() for n in order}
    dependents: dict[Hashable, list[Hashable]] = defaultdict(list)
    for a, b in edges:
        if a in position and b in position:
            depends_on[a].add(b)
            dependents[b].append(a)
    result: list[Hashable] = []
    heap = [(position[n], n) for n in order if not depends_on[n]]
    heapq.heapify(heap)
    remaining = {n: len(depends_on[n]) for n in order}
    while heap:
        _, node = heapq.heappop(heap)
        result.append(node)
        for dep in dependents[node]:
            remaining[dep] -= 1
            if remaining[dep] == 0:
                heapq.heappush(heap, (position[dep], dep))
    if len(result) != len(order):
        raise ValueError("The prerequisite graph contains a cycle.")
    return result
