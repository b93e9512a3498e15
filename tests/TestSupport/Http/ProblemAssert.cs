using System.Net;

namespace CitationMonitor.TestSupport.Http;

internal static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 body with the given status and, optionally, an error for <paramref name="field"/>.</summary>
    /// <returns>The problem, for what else the test reads of it.</returns>
    public static async Task<System.Text.Json.JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (field is not null)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(
                errors.EnumerateObject().Any(e => e.Name == field),
                $"expected an error for '{field}', got {errors}");
        }

        return problem;
    }
}
