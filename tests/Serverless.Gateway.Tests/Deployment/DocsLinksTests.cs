using System.Text;
using System.Text.RegularExpressions;
using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// The README and the docs link only to files and headings that exist, and the README stays short: depth belongs in
/// docs/. Links are checked as GitHub renders them: relative to the linking file, fragments against heading anchors.
/// </summary>
public sealed partial class DocsLinksTests
{
    private const int ReadmeByteLimit = 8192;

    [Fact]
    public void Every_relative_link_in_the_README_and_docs_resolves_to_a_file_and_heading()
    {
        var root = RepositoryRoot.Find();
        var documents = Documents(root).ToList();
        Assert.Contains(Path.Combine(root, "README.md"), documents);
        Assert.Contains(Path.Combine(root, "docs", "errors.md"), documents);

        var broken = documents.SelectMany(document => BrokenLinks(root, document)).ToList();

        Assert.True(broken.Count == 0, $"Links that do not resolve:{Environment.NewLine}{string.Join(Environment.NewLine, broken)}");
    }

    [Fact]
    public void The_README_is_at_most_8192_bytes()
    {
        var size = new FileInfo(Path.Combine(RepositoryRoot.Find(), "README.md")).Length;

        Assert.True(size <= ReadmeByteLimit, $"README.md is {size} bytes; keep it at most {ReadmeByteLimit} and move depth to docs/.");
    }

    [Fact]
    public void The_check_reports_a_missing_file_a_missing_heading_and_nothing_in_code()
    {
        var root = Directory.CreateTempSubdirectory("serverless-docs-links-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "a.md"), """
                # A

                See [b](b.md#the-part), [gone](gone.md), [b again](b.md#no-such-part), [here](#a) and [web](https://example.com/x.md).
                `[in code](nowhere.md)`

                ```
                [in a fence](nowhere.md)
                ```
                """);
            File.WriteAllText(Path.Combine(root, "b.md"), "# B\n\n## The part\n");

            var broken = BrokenLinks(root, Path.Combine(root, "a.md")).ToList();

            Assert.Equal(2, broken.Count);
            Assert.Contains(broken, message => message.Contains("gone.md", StringComparison.Ordinal));
            Assert.Contains(broken, message => message.Contains("b.md#no-such-part", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("Running under `func start`", "running-under-func-start")]
    [InlineData("Orders (saga)", "orders-saga")]
    [InlineData("In .NET: `Serverless.GatewayIdentity`", "in-net-serverlessgatewayidentity")]
    [InlineData("Order queries and events (`Orders`, `Events`) in the gateway", "order-queries-and-events-orders-events-in-the-gateway")]
    [InlineData("function.json is generated from code", "functionjson-is-generated-from-code")]
    [InlineData("Storage cost", "storage-cost")]
    [InlineData("A [linked](x.md) heading_with underscore", "a-linked-heading_with-underscore")]
    public void Headings_get_the_anchors_GitHub_gives_them(string heading, string anchor) =>
        Assert.Equal(anchor, Slug(heading));

    /// <summary>README.md, CONTRIBUTING.md if present, benchmarks/README.md and every markdown file under docs/.</summary>
    private static IEnumerable<string> Documents(string root)
    {
        foreach (var file in (string[])["README.md", "CONTRIBUTING.md", Path.Combine("benchmarks", "README.md")])
        {
            var path = Path.Combine(root, file);
            if (File.Exists(path))
            {
                yield return path;
            }
        }

        foreach (var path in Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            yield return path;
        }
    }

    /// <summary>One message per link of <paramref name="document"/> whose file or heading does not exist.</summary>
    private static IEnumerable<string> BrokenLinks(string root, string document)
    {
        var name = Path.GetRelativePath(root, document);
        foreach (var (line, target) in Links(File.ReadAllLines(document)))
        {
            if (IsExternal(target))
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var pathPart = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            var fragment = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
            var resolved = pathPart.Length == 0
                ? document
                : Path.GetFullPath(pathPart.StartsWith('/') ? Path.Combine(root, pathPart.TrimStart('/')) : Path.Combine(Path.GetDirectoryName(document)!, pathPart));

            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                yield return $"{name}:{line}: {target}: no file {Path.GetRelativePath(root, resolved)}";
            }
            else if (fragment is { Length: > 0 } && File.Exists(resolved) && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                && !Anchors(File.ReadAllLines(resolved)).Contains(fragment))
            {
                yield return $"{name}:{line}: {target}: no heading with anchor #{fragment} in {Path.GetRelativePath(root, resolved)}";
            }
        }
    }

    private static bool IsExternal(string target) =>
        target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Inline links and images, with their line numbers, outside fenced code blocks and code spans.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string[] lines)
    {
        foreach (var (number, text) in Prose(lines))
        {
            foreach (Match match in Link().Matches(CodeSpan().Replace(text, string.Empty)))
            {
                yield return (number, match.Groups["target"].Value);
            }
        }
    }

    /// <summary>The anchors GitHub gives a file's headings (a repeated one gets -1, -2, ...), and explicit HTML anchors.</summary>
    private static HashSet<string> Anchors(string[] lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, text) in Prose(lines))
        {
            if (Heading().Match(text) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups["text"].Value);
                var count = seen.GetValueOrDefault(slug);
                seen[slug] = count + 1;
                anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            }

            foreach (Match html in HtmlAnchor().Matches(text))
            {
                anchors.Add(html.Groups["id"].Value);
            }
        }

        return anchors;
    }

    /// <summary>GitHub's rule: the heading's text, lower-cased, without punctuation other than - and _, each space a -.</summary>
    private static string Slug(string heading)
    {
        var text = Link().Replace(heading, static match => match.Groups["text"].Value).Trim().ToLowerInvariant();
        var slug = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ')
            {
                slug.Append('-');
            }
            else if (c is '-' or '_' || char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                slug.Append(c);
            }
        }

        return slug.ToString();
    }

    /// <summary>Lines outside fenced code blocks (``` or ~~~), numbered from 1.</summary>
    private static IEnumerable<(int Number, string Text)> Prose(string[] lines)
    {
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
                continue;
            }

            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal))
                {
                    fence = null;
                }

                continue;
            }

            yield return (i + 1, lines[i]);
        }
    }

    [GeneratedRegex("""!?\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)(?:\s+"[^"]*")?\)""")]
    private static partial Regex Link();

    [GeneratedRegex("(`+).*?\\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)(?:\s+#+)?\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex HtmlAnchor();
}
