counter = 0
request = function()
  counter = counter + 1
  local body = '{"TableName":"bench","Key":{"pk":{"S":"k' .. (counter % 1000) .. '"}}}'
  return wrk.format("POST", "/", {["X-Amz-Target"]="DynamoDB_20120810.GetItem", ["Content-Type"]="application/x-amz-json-1.0"}, body)
end
