import { hello } from '#domain';
console.log(hello(3));
