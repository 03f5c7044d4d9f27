using Nines.Configuration;

namespace Nines.Tests.Configuration;

public sealed class ConfigValuesTests
{
    public enum Mode
    {
        Fast,
        ReallySlow,
    }

    [Theory]
    [InlineData("fast", Mode.Fast)]
    [InlineData("really_slow", Mode.ReallySlow)]
    [InlineData("REALLY_SLOW", Mode.ReallySlow)]
    public void TryConvert_EnumSnakeCaseName_ReturnsMember(string text, Mode expected)
    {
        Assert.True(ConfigValues.TryConvert(Setting(nameof(Probe.Mode), SettingType.Enum), text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TryConvert_UnknownEnumName_ListsNames()
    {
        Assert.False(ConfigValues.TryConvert(Setting(nameof(Probe.Mode), SettingType.Enum), "ReallySlow", out _, out var error));
        Assert.Equal("expected one of fast, really_slow; got 'ReallySlow'", error);
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("2", 2.0)]
    [InlineData("1e3", 1000.0)]
    public void TryConvert_Number_ReturnsDouble(string text, double expected)
    {
        Assert.True(ConfigValues.TryConvert(Setting(nameof(Probe.Ratio), SettingType.Double), text, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("half")]
    [InlineData("NaN")]
    [InlineData("0,5")]
    public void TryConvert_NotANumber_Fails(string text)
    {
        Assert.False(ConfigValues.TryConvert(Setting(nameof(Probe.Ratio), SettingType.Double), text, out _, out var error));
        Assert.Equal($"expected a number like 0.5; got '{text}'", error);
    }

    [Fact]
    public void TryConvert_NullForNullableDuration_ReturnsNull()
    {
        var setting = new ConfigSetting("wait", "wait", typeof(Probe).GetProperty(nameof(Probe.Wait))!, SettingType.Duration, nullable: true, "");

        Assert.True(ConfigValues.TryConvert(setting, null, out var value, out _));
        Assert.Null(value);
    }

    [Fact]
    public void TryConvert_Int32Overflow_Fails()
    {
        Assert.False(ConfigValues.TryConvert(Setting(nameof(Probe.Count), SettingType.Int32), "3000000000", out _, out var error));
        Assert.StartsWith("expected a whole number from -2147483648 to 2147483647", error, StringComparison.Ordinal);
    }

    private static ConfigSetting Setting(string property, SettingType type) =>
        new(ConfigSchema.ToSnakeCase(property), ConfigSchema.ToSnakeCase(property), typeof(Probe).GetProperty(property)!, type, nullable: false, "");

    public sealed class Probe
    {
        public Mode Mode { get; set; }

        public double Ratio { get; set; }

        public int Count { get; set; }

        public TimeSpan? Wait { get; set; }
    }
}
