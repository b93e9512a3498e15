// One test at a time: a measurement must not share the machine's two cores, or a child process's memory, with another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
