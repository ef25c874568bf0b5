using Augur.Web;

var app = AugurWebApp.Create(args);
await app.RunAsync();

/// <summary>The entry point; public so that WebApplicationFactory&lt;Program&gt; can host the app in tests.</summary>
public partial class Program;
