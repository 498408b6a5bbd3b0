/// Errors raised by the optimizer layer.
public enum OptimizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A sampler name that ``SamplerCatalog`` does not know.
    case unknownSampler(name: String, available: [String])

    public var description: String {
        switch self {
        case .unknownSampler(let name, let available):
            return "Unknown sampler '\(name)'; use one of \(available.joined(separator: ", "))."
        }
    }
}
