/// Moves in the unit cube that respect the kinds of parameters, for samplers that search the
/// encoded space locally (gradient steps on continuous coordinates, single-parameter moves on
/// discrete ones).
extension UnitCubeEncoding {
    /// The coordinates of continuous parameters that are active at `point`: the ones a
    /// gradient step may move.
    public func continuousCoordinates(activeAt point: UnsafeBufferPointer<Double>) -> [Int] {
        let values = decodedValues(point)
        var result: [Int] = []
        for (index, range) in coordinateRanges.enumerated() where values[index] != nil {
            for k in range {
                if case .continuous = coordinates[k] { result.append(k) }
            }
        }
        return result
    }

    /// The canonical points one discrete move away from `point`: each active integer or stepped
    /// parameter one step up and one step down (within bounds), and each active categorical
    /// set to each of its other choices (children of a changed parameter switch on at their
    /// centre or off, as their conditions say).
    public func discreteNeighbours(of point: [Double]) -> [[Double]] {
        let values = point.withUnsafeBufferPointer { decodedValues($0) }
        var neighbours: [[Double]] = []
        for (index, parameter) in space.parameters.enumerated() {
            guard let value = values[index] else { continue }
            let range = coordinateRanges[index]
            guard !range.isEmpty else { continue }
            switch parameter.domain {
            case let .integer(low, high, _, step):
                guard case .integer(let x) = value else { continue }
                for next in [x - max(step, 1), x + max(step, 1)] where next >= low && next <= high {
                    if let u = parameter.unit(of: .integer(next)) {
                        neighbours.append(moved(point, coordinate: range.lowerBound, to: u))
                    }
                }
            case let .float(low, high, _, step):
                guard let step, step > 0, let x = value.number else { continue }
                for next in [x - step, x + step] where next >= low - 1e-12 && next <= high + 1e-12 {
                    if let u = parameter.unit(of: .real(min(max(next, low), high))) {
                        neighbours.append(moved(point, coordinate: range.lowerBound, to: u))
                    }
                }
            case .categorical(let choices):
                for choice in choices.indices where choices[choice] != value {
                    var copy = point
                    for (offset, k) in range.enumerated() { copy[k] = offset == choice ? 1 : 0 }
                    copy.withUnsafeMutableBufferPointer { canonicalize($0) }
                    neighbours.append(copy)
                }
            case .fixed:
                continue
            }
        }
        return neighbours
    }

    private func moved(_ point: [Double], coordinate k: Int, to u: Double) -> [Double] {
        var copy = point
        copy[k] = min(max(u, 0), 1)
        copy.withUnsafeMutableBufferPointer { canonicalize($0) }
        return copy
    }
}
