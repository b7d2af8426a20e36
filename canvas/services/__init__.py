"""The service layer: every rule of the product lives here.

Services take plain values and a ``ServiceContext`` (canvas/services/context.py), change the
database through one unit of work (canvas/services/changes.py) that commits before anything is
published, and raise only ``canvas.services.errors.ServiceError``. HTTP routes, Socket.IO
handlers, the CLI and tests all call the same functions.

The modules form layers; every import points down (checked by import-linter, pyproject.toml):

1. ``connections``: a device joining and leaving over a socket;
2. ``exports``, ``posters``, ``compare``: built on the use cases below;
3. use cases: ``workshops``, ``notes``, ``facilitation``, ``snapshots``;
4. ``changes`` (the unit of work), ``files`` (what is kept on disk);
5. ``records``: lookups, serialisation, settings, codes and keys;
6. ``context``, ``presence``, ``limits``; then ``permissions``; then ``validation``;
   then ``rules`` and ``errors``.
"""
