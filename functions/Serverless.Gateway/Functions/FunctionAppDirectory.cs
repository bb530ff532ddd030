using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Functions;

/// <summary>
/// A folder of function.json files laid out as the host reads them (<c>&lt;root&gt;/&lt;FunctionName&gt;/function.json</c>):
/// the checked-in <c>FunctionApp</c> folder, or the build output it is copied to.
/// </summary>
public static class FunctionAppDirectory
{
    /// <summary>How to bring the checked-in files back in line with the code, from the repository root.</summary>
    public const string RegenerateCommand =
        "./gateway functions write functions/Serverless.Gateway/FunctionApp";

    /// <summary>Writes every function's function.json and removes the files of functions that no longer exist.</summary>
    public static void Write(string directory, FunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Directory.CreateDirectory(directory);
        foreach (var function in catalog.Functions)
        {
            var folder = Directory.CreateDirectory(Path.Combine(directory, function.Name));
            File.WriteAllText(Path.Combine(folder.FullName, FunctionJson.FileName), FunctionJson.Serialize(function));
        }

        foreach (var stale in FunctionFolders(directory).Where(name => catalog.Find(name) is null))
        {
            var folder = Path.Combine(directory, stale);
            File.Delete(Path.Combine(folder, FunctionJson.FileName));
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }

    /// <summary>
    /// Every difference between the folder and the catalog: missing or extra function folders, and files whose text
    /// differs from the generated text (line endings aside, so a Windows checkout does not count as drift).
    /// </summary>
    public static IReadOnlyList<string> FindDrift(string directory, FunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<string>();
        foreach (var function in catalog.Functions)
        {
            var path = Path.Combine(directory, function.Name, FunctionJson.FileName);
            if (!File.Exists(path))
            {
                problems.Add($"{function.Name}/{FunctionJson.FileName} is missing.");
            }
            else if (!string.Equals(Normalize(File.ReadAllText(path)), FunctionJson.Serialize(function), StringComparison.Ordinal))
            {
                problems.Add($"{function.Name}/{FunctionJson.FileName} differs from the function declared in code.");
            }
        }

        problems.AddRange(FunctionFolders(directory)
            .Where(name => catalog.Find(name) is null)
            .Select(static name => $"{name}/{FunctionJson.FileName} belongs to no function declared in code."));
        return problems;
    }

    /// <summary>Reads the function.json files, after checking that they match the catalog; fails with every difference listed.</summary>
    public static IReadOnlyList<FunctionDescriptor> Load(string directory, FunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var drift = FindDrift(directory, catalog);
        if (drift.Count > 0)
        {
            throw new GatewayConfigurationException(
                $"The function.json files in '{Path.GetFullPath(directory)}' do not match the functions declared in code:\n  " +
                string.Join("\n  ", drift) +
                $"\nRegenerate the checked-in files with `{RegenerateCommand}` and rebuild.");
        }

        return [.. catalog.Functions.Select(function =>
            FunctionJson.Parse(function.Name, File.ReadAllText(Path.Combine(directory, function.Name, FunctionJson.FileName))))];
    }

    private static IEnumerable<string> FunctionFolders(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateDirectories(directory)
                .Where(static folder => File.Exists(Path.Combine(folder, FunctionJson.FileName)))
                .Select(static folder => Path.GetFileName(folder))
                .Order(StringComparer.Ordinal)
            : [];

    private static string Normalize(string text) => text.ReplaceLineEndings("\n");
}
