using System;

Console.WriteLine("AsyncGuide samples: the guide's examples land with the runtime (issue #2).");
