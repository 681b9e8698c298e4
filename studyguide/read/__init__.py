"""Reading: a guide's files -> model.Guide.

sources finds the guides in a path; normalize repairs their bytes and hands them to pandoc;
containers, noise and tree prepare pandoc's AST; conventions/ reads its sections and questions
in whatever convention the author chose; parse turns them into the model; sanitize, gist and
notebooks serve them.
"""
