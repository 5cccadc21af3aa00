"""What a build makes besides the pages, each a peer of the others and none needing MkDocs: the chart
downloads, the email course, the share cards and icons, the offline copy, and the process that makes them."""
