counter = 0
request = function()
  counter = counter + 1
  local body = '{"TableName":"bench","Item":{"pk":{"S":"k' .. (counter % 1000) .. '"},"state":{"S":"ringing"},"n":{"N":"' .. counter .. '"}}}'
  return wrk.format("POST", "/", {["X-Amz-Target"]="DynamoDB_20120810.PutItem", ["Content-Type"]="application/x-amz-json-1.0"}, body)
end
