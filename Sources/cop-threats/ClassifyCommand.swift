import ArgumentParser

// PLACEHOLDER: replaced by the real command.
struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "classify", abstract: "(not written yet)")
    func run() async throws { throw ValidationError("'classify' is not written yet.") }
}
