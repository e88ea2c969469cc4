"""The Textual user interface. Screens call the study service; never SQL, never torch."""
