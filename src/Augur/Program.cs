using Augur.Commands;

return await AugurCli.RunAsync(args);
