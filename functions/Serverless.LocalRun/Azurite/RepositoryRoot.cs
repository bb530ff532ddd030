namespace Serverless.LocalRun.Azurite;

/// <summary>Finds the repository root (the folder holding Serverless.sln) from the running binary's location.</summary>
public static class RepositoryRoot
{
    public static string Find(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Serverless.sln was not found above '{start ?? AppContext.BaseDirectory}'.");
    }
}
