// PLACEHOLDER: replaced by this module's real tests.
