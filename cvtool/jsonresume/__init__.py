"""JSON Resume (v1, jsonresume.org) both ways: :mod:`.reading` (``cvtool import jsonresume``),
:mod:`.writing` (``-f jsonresume``), on the field mappings of :mod:`.mapping`. A CV written
out and read back is the same CV, and a ``resume.json`` read and written back is the same
file: each direction keeps what the other has no field for (see the two modules).
"""
