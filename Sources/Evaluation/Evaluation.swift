// Module Evaluation: see Package.swift.
