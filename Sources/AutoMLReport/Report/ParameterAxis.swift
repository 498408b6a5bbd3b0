import AutoMLSearchSpace
import Foundation

/// A searched parameter as a chart axis: its domain as a scale (log when the space says so,
/// one band per choice for a categorical), and its values as positions on it.
struct ParameterAxis {
    let parameter: Parameter
    let axis: ChartAxis
    /// The choices of a categorical parameter, `nil` for a numeric one.
    let choices: [ParameterValue]?

    /// `nil` for a fixed parameter.
    init?(_ parameter: Parameter) {
        self.parameter = parameter
        switch parameter.domain {
        case let .float(low, high, log, _):
            choices = nil
            let scale =
                log && low > 0
                ? ChartScale.log(low...high)
                : ChartScale.linear(low...high)
            axis = ChartAxis(
                label: parameter.name + (log ? " (log scale)" : ""), scale: scale, tickCount: 5)
        case let .integer(low, high, log, _):
            choices = nil
            let scale =
                log && low > 0
                ? ChartScale.log(Double(low)...Double(high))
                : ChartScale.linear((Double(low) - 0.5)...(Double(high) + 0.5))
            axis = ChartAxis(
                label: parameter.name + (log ? " (log scale)" : ""), scale: scale,
                format: .integer, tickCount: 5)
        case .categorical(let values):
            choices = values
            axis = ChartAxis(
                label: parameter.name, scale: .categories(values.map(\.description)),
                tickCount: 8)
        case .fixed:
            return nil
        }
    }

    var isCategorical: Bool { choices != nil }

    /// The position value of `value` (a number, or a choice's index), `nil` when it does not
    /// fit.
    func position(_ value: ParameterValue?) -> Double? {
        guard let value else { return nil }
        if let choices {
            return choices.firstIndex(of: value).map(Double.init)
        }
        guard let number = value.number, axis.scale.admits(number) else { return nil }
        return number
    }

    /// The edges of `bins` bins along the axis: one per choice of a categorical, one per value
    /// of an integer with at most `bins` values, else `bins` equal widths on the page.
    func edges(bins: Int) -> [Double] {
        if let choices { return (0...choices.count).map { Double($0) - 0.5 } }
        if case let .integer(low, high, false, step) = parameter.domain,
            (high - low) / max(step, 1) + 1 <= bins
        {
            return stride(from: low, through: high + max(step, 1), by: max(step, 1)).map {
                Double($0) - Double(max(step, 1)) / 2
            }
        }
        return (0...bins).map { axis.scale.value(atFraction: Double($0) / Double(bins)) }
    }

    /// The bin of `edges` (ascending, from ``edges(bins:)``) that holds position `value`,
    /// `nil` outside the axis.
    /// - Complexity: O(log bins).
    func bin(of value: Double, edges: [Double]) -> Int? {
        let f = axis.scale.fraction(of: value)
        guard edges.count >= 2, f >= -1e-9, f <= 1 + 1e-9 else { return nil }
        var low = 0
        var high = edges.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if axis.scale.fraction(of: edges[middle]) <= f {
                low = middle
            } else {
                high = middle
            }
        }
        return low
    }
}
