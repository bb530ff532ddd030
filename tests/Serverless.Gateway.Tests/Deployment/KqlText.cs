using System.Text.RegularExpressions;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// Reads KQL as text, for the tests of the queries infra/ deploys (the workbook's, the alert rules'): which tables a
/// query reads, which metric names it filters on, which <c>customDimensions</c> keys it reads and which literal values
/// it compares with.
/// </summary>
internal static partial class KqlText
{
    /// <summary>Whether the query names the table (as a word, not inside a string, a column or a bracketed key).</summary>
    public static bool ReadsTable(string query, string table) =>
        Regex.IsMatch(WithoutComments(query), $@"(?<![\w.'""\[]){Regex.Escape(table)}(?![\w'""\]])", RegexOptions.CultureInvariant);

    /// <summary>The metric names a customMetrics query filters on: <c>name == 'x'</c>, <c>name =~ 'x'</c>, <c>name in ('x', 'y')</c>.</summary>
    public static List<string> MetricNames(string query)
    {
        var names = NameEquals().Matches(query).Select(static match => match.Groups["name"].Value).ToList();
        foreach (Match list in NameIn().Matches(query))
        {
            names.AddRange(QuotedString().Matches(list.Groups["list"].Value).Select(static match => match.Groups["value"].Value));
        }

        return names;
    }

    /// <summary>The keys the query reads from <c>customDimensions</c>: <c>customDimensions['key']</c>.</summary>
    public static IEnumerable<string> DimensionKeys(string query) =>
        DimensionKey().Matches(WithoutComments(query)).Select(static match => match.Groups["key"].Value).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// The literal values the query compares something other than <c>name</c> with (<c>x == 'v'</c>, <c>x != 'v'</c>,
    /// <c>x =~ 'v'</c>, <c>x in ('v', 'w')</c>, <c>x !in (...)</c>), each with what it is compared to.
    /// </summary>
    public static IEnumerable<(string Operand, string Value)> ComparedValues(string query)
    {
        var text = WithoutComments(query);
        foreach (Match comparison in Comparison().Matches(text))
        {
            yield return (comparison.Groups["operand"].Value, comparison.Groups["value"].Value);
        }

        foreach (Match list in InList().Matches(text))
        {
            foreach (Match value in QuotedString().Matches(list.Groups["list"].Value))
            {
                yield return (list.Groups["operand"].Value, value.Groups["value"].Value);
            }
        }
    }

    /// <summary>The columns of the query's last <c>| project a, B = expression, ...</c>: its result's columns.</summary>
    public static IReadOnlyList<string> ProjectedColumns(string query)
    {
        var project = ProjectLine().Matches(WithoutComments(query)).LastOrDefault();
        Assert.True(project is not null, "The query has no `| project` line.");
        var columns = new List<string>();
        var depth = 0;
        var start = 0;
        var list = project.Groups["list"].Value;
        for (var i = 0; i <= list.Length; i++)
        {
            if (i == list.Length || (list[i] == ',' && depth == 0))
            {
                var column = list[start..i].Trim();
                var equals = column.IndexOf('=', StringComparison.Ordinal);
                columns.Add((equals < 0 ? column : column[..equals]).Trim());
                start = i + 1;
            }
            else if (list[i] is '(' or '[')
            {
                depth++;
            }
            else if (list[i] is ')' or ']')
            {
                depth--;
            }
        }

        return columns;
    }

    private static string WithoutComments(string query) => LineComment().Replace(query, "");

    [GeneratedRegex(@"(?m)//.*$", RegexOptions.CultureInvariant)]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\bname\s*(?:==|=~)\s*(?<q>['""])(?<name>[^'""]+)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex NameEquals();

    [GeneratedRegex(@"\bname\s+in~?\s*\((?<list>[^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex NameIn();

    [GeneratedRegex(@"(?<q>['""])(?<value>[^'""]*)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"customDimensions\[\s*'(?<key>[^']+)'\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex DimensionKey();

    /// <summary><c>operand == 'value'</c> and the like, where the operand is not <c>name</c> (a metric's or request's name).</summary>
    [GeneratedRegex(@"(?<operand>(?<!\S)(?!name\s)\S+)\s*(?:==|!=|=~|!~)\s*'(?<value>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex Comparison();

    /// <summary><c>operand in ('a', 'b')</c> and <c>!in</c>, where the operand is not <c>name</c>.</summary>
    [GeneratedRegex(@"(?<operand>(?<!\S)(?!name\s)\S+)\s+!?in~?\s*\((?<list>[^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex InList();

    [GeneratedRegex(@"(?m)^\s*\|\s*project\s+(?<list>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectLine();
}
