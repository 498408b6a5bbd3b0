import Foundation

/// The colours of every chart: the Okabe–Ito palette for categories (distinguishable with every
/// common colour-vision deficiency; Okabe & Ito, "Color Universal Design", 2008) and viridis
/// for continuous values (perceptually uniform, readable in grey; van der Walt & Smith, 2015).
public enum ChartPalette {
    public static let black = "#000000"
    public static let orange = "#E69F00"
    public static let skyBlue = "#56B4E9"
    public static let bluishGreen = "#009E73"
    public static let yellow = "#F0E442"
    public static let blue = "#0072B2"
    public static let vermillion = "#D55E00"
    public static let reddishPurple = "#CC79A7"
    /// Axes, grid and secondary text.
    public static let grey = "#6b6b6b"
    public static let lightGrey = "#d9d9d9"

    /// Category colours in the order series take them (yellow last: it is faint on white).
    public static let categorical = [
        blue, orange, bluishGreen, vermillion, reddishPurple, skyBlue, black, yellow,
    ]

    /// The colour of the `index`-th category (cycling).
    public static func category(_ index: Int) -> String {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }

    /// Viridis at 9 evenly spaced stops, dark purple to yellow.
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ]

    /// The viridis colour at `t` in [0, 1] (0: dark purple, 1: yellow), as `#rrggbb`.
    public static func sequential(_ t: Double) -> String {
        let t = min(max(t.isFinite ? t : 0, 0), 1)
        let position = t * Double(viridis.count - 1)
        let index = min(Int(position), viridis.count - 2)
        let f = position - Double(index)
        let (r0, g0, b0) = viridis[index]
        let (r1, g1, b1) = viridis[index + 1]
        return hex(r0 + (r1 - r0) * f, g0 + (g1 - g0) * f, b0 + (b1 - b0) * f)
    }

    private static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for channel in [r, g, b] {
            let value = min(max(Int(channel.rounded()), 0), 255)
            text.append(digits[value / 16])
            text.append(digits[value % 16])
        }
        return text
    }
}
