"""Map layers declared as data, and the one function that turns them into folium layers."""
