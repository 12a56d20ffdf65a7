// Module TextNormalization: see Package.swift.
