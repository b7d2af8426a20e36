"""Suggested duplicates and groups (placeholder until the engine lands)."""


def suggest(notes: list[dict]) -> dict:
    return {"duplicates": [], "groups": []}
