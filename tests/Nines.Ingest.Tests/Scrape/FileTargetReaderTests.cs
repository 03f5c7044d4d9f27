using Nines.Ingest.Scrape;

namespace Nines.Ingest.Tests.Scrape;

public sealed class FileTargetReaderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nines-filesd-" + Guid.NewGuid().ToString("N")[..12]);

    public FileTargetReaderTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Read_JsonAndYaml_GiveGroupsWithFilePathLabel()
    {
        var json = Write("a.json", """[{"targets": ["h1:9100", "h2:9100"], "labels": {"env": "prod"}}, {"targets": ["h3:9100"]}]""");
        var yaml = Write("b.yml", "- targets: [h4:9100]\n  labels:\n    env: dev\n");

        var a = FileTargetReader.Read(json);
        var b = FileTargetReader.Read(yaml);

        Assert.Equal(2, a.Count);
        Assert.Equal(["h1:9100", "h2:9100"], a[0].Targets);
        Assert.Contains(a[0].Labels, l => l.Name == "env" && l.Value == "prod");
        Assert.Contains(a[1].Labels, l => l.Name == "__meta_filepath" && l.Value == json);
        Assert.Equal(["h4:9100"], Assert.Single(b).Targets);
    }

    [Fact]
    public void Read_NotAList_ThrowsWithTheFileName()
    {
        var path = Write("bad.json", """{"targets": ["h1:1"]}""");

        var ex = Assert.Throws<FormatException>(() => FileTargetReader.Read(path));
        Assert.Contains("bad.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidLabelName_Throws()
    {
        var path = Write("bad.yaml", "- targets: [h:1]\n  labels: {'1x': y}\n");

        Assert.Throws<FormatException>(() => FileTargetReader.Read(path));
    }

    [Fact]
    public void Expand_GlobInFileName_ListsMatchingFilesSorted()
    {
        Write("t2.json", "[]");
        Write("t1.json", "[]");
        Write("other.yml", "[]");

        var files = FileTargetReader.Expand([Path.Combine(_dir, "t*.json"), Path.Combine(_dir, "missing.json")]);

        Assert.Equal([Path.Combine(_dir, "t1.json"), Path.Combine(_dir, "t2.json")], files);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
