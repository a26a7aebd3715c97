"""Setting up a region and keeping its unit tree (行政区划与单位设置): the official divisions, the
set-up of a prefecture's tree with its departments and parks, and renaming, moving and merging units."""
