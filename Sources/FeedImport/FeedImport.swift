// Module FeedImport: see Package.swift.
