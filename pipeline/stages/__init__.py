"""One module per stage; language-specific stages live in ``en`` and ``zh``."""
