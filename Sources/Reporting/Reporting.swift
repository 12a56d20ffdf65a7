// Module Reporting: see Package.swift.
