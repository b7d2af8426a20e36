"""The import picture of the package: no module imports, however indirectly, one that imports
it back. The layers themselves are contracts for import-linter (pyproject.toml), run in CI."""
import grimp


def strongly_connected(graph: dict) -> list:
    """Tarjan's algorithm: the groups of modules that reach each other (cycles)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return groups


def test_the_package_has_no_import_cycle():
    imports = grimp.build_graph("canvas")  # function-level imports included
    graph = {module: {m for m in imports.find_modules_directly_imported_by(module)
                      if m.startswith("canvas")}
             for module in imports.modules if module.startswith("canvas")}
    assert strongly_connected(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == \
        [["a", "b", "c"]]
