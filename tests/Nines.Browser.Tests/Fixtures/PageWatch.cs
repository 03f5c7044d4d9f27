using Microsoft.Playwright;

namespace Nines.Browser.Tests.Fixtures;

/// <summary>
/// Records what should never happen on a healthy page: console errors, uncaught exceptions,
/// failed requests and responses of 400 or more (except the ones a test expects).
/// </summary>
public sealed class PageWatch
{
    private readonly List<string> _problems = [];
    private readonly HashSet<(string Path, int Status)> _expected = [];

    public PageWatch(IPage page)
    {
        page.Console += (_, message) =>
        {
            // Chromium logs every 4xx/5xx as "Failed to load resource"; the Response handler judges those.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of", StringComparison.Ordinal))
            {
                Add($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Add($"page error on {page.Url}: {error}");
        page.RequestFailed += (_, request) => Add($"request failed: {request.Method} {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            var path = new Uri(response.Url).AbsolutePath;
            if (response.Status >= 400 && !IsExpected(path, response.Status))
            {
                Add($"HTTP {response.Status} for {response.Request.Method} {response.Url}");
            }
        };
    }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>A response a test provokes on purpose (a 403 page, a 429 page).</summary>
    public void Expect(string path, int status)
    {
        lock (_problems)
        {
            _expected.Add((path, status));
        }
    }

    /// <summary>Fails the test when anything went wrong on the page.</summary>
    public void AssertClean() => Assert.True(Problems.Count == 0, "Problems on the page:\n" + string.Join('\n', Problems));

    private bool IsExpected(string path, int status)
    {
        lock (_problems)
        {
            return _expected.Contains((path, status));
        }
    }

    private void Add(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
